<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows a feed (Atom or RSS 2.0) opened in a browser as a page that says what a
  feed is and how to subscribe. Feed readers ignore it. It loads nothing: its
  styles are inline, so the page makes no request but the feed and this file.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">

  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="address" select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/atom:link[@rel='self']/@href"/>
  <xsl:variable name="home" select="/atom:feed/atom:author/atom:uri | /rss/channel/link"/>
  <xsl:variable name="site" select="/atom:feed/atom:author/atom:name | /rss/channel/title"/>
  <xsl:variable name="lang">
    <xsl:choose>
      <xsl:when test="/atom:feed/@xml:lang"><xsl:value-of select="/atom:feed/@xml:lang"/></xsl:when>
      <xsl:when test="/rss/channel/language"><xsl:value-of select="/rss/channel/language"/></xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> · web feed</title>
        <style>
          :root { --ink: #1b1b1b; --paper: #fdfdfb; --muted: #4a4a4a; --accent: #7a2e0e; --box: #f1ede4; }
          @media (prefers-color-scheme: dark) {
            :root { --ink: #ececec; --paper: #161616; --muted: #c4c4c4; --accent: #f0a57a; --box: #262420; }
          }
          body { margin: 0; background: var(--paper); color: var(--ink);
                 font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; }
          .wrap { max-width: 42rem; margin: 0 auto; padding: 1.25rem; }
          a { color: var(--accent); }
          header { border-bottom: 1px solid var(--muted); }
          .site-name { margin: 0; font-weight: bold; }
          .about { background: var(--box); padding: 0.25rem 1rem 0.75rem; border-radius: 0.25rem; }
          code { font: 0.9375rem/1.4 ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
          .entries { list-style: none; padding: 0; }
          .entries li { margin: 0 0 1.25rem; }
          .entries time, .entries .date { display: block; color: var(--muted); font-size: 0.9375rem; }
          .entries p { margin: 0.25rem 0 0; }
        </style>
      </head>
      <body>
        <header>
          <div class="wrap">
            <p class="site-name"><a href="{$home}"><xsl:value-of select="$site"/></a></p>
          </div>
        </header>
        <main class="wrap">
          <h1><xsl:value-of select="$title"/></h1>
          <section class="about" aria-labelledby="about-heading">
            <h2 id="about-heading">This is a web feed</h2>
            <p>A feed brings every new briefing to your feed reader as soon as it is published:
              there is nothing to sign up for and no email address to give.</p>
            <p>To subscribe, copy this address into your feed reader:</p>
            <p><code><xsl:value-of select="$address"/></code></p>
            <p><a href="{$home}subscribe/">More about subscribing, and every feed we publish</a></p>
          </section>
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">Latest briefings</h2>
            <ul class="entries">
              <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
            </ul>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
      <xsl:if test="atom:summary"><p><xsl:value-of select="atom:summary"/></p></xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <span class="date"><xsl:value-of select="pubDate"/></span>
    </li>
  </xsl:template>
</xsl:stylesheet>
