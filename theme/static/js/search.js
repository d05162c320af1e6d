// Search page: Pagefind's JavaScript API behind an accessible form of our own.
// The query and filters live in the URL, so a search can be linked and bookmarked.
const root = document.querySelector("[data-search]");
const form = root.querySelector("form");
const input = form.querySelector("#search-q");
const sectionSelect = form.querySelector("#search-section");
const tagSelect = form.querySelector("#search-tag");
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const siteRoot = new URL(root.dataset.siteRoot, document.baseURI);

function fillSelect(select, counts) {
  for (const name of Object.keys(counts).sort((a, b) => a.localeCompare(b))) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `${name} (${counts[name]})`;
    select.append(option);
  }
}

// The URL's query fills the box only while the box is empty: what a reader typed while the
// search was loading is never replaced (the URL of a page opened empty has no q at all).
function readUrl() {
  const params = new URLSearchParams(location.search);
  if (!input.value) input.value = params.get("q") || "";
  if (!sectionSelect.value) sectionSelect.value = params.get("section") || "";
  if (!tagSelect.value) tagSelect.value = params.get("tag") || "";
}

function writeUrl() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (sectionSelect.value) params.set("section", sectionSelect.value);
  if (tagSelect.value) params.set("tag", tagSelect.value);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = new URL(data.url.replace(/^\//, ""), siteRoot).href;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = [data.meta.date, data.meta.section].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.innerHTML = data.excerpt; // Pagefind escapes page text and adds only <mark>
  item.append(heading, meta, excerpt);
  return item;
}

async function main() {
  readUrl(); // at once, before the index loads: the box shows the linked query straight away
  const typedEarly = () => { if (input.value.trim()) status.textContent = "Loading the search…"; };
  input.addEventListener("input", typedEarly);
  const pagefind = await import(new URL(root.dataset.bundle, document.baseURI).href);
  await pagefind.options({ baseUrl: siteRoot.pathname });
  const filters = await pagefind.filters();
  fillSelect(sectionSelect, filters.section || {});
  fillSelect(tagSelect, filters.tag || {});
  form.querySelector(".search-filters").hidden = false;
  readUrl(); // the filters' options exist only now
  input.removeEventListener("input", typedEarly);

  let latest = 0;
  async function run() {
    const ticket = ++latest;
    writeUrl();
    const query = input.value.trim();
    const chosen = {};
    if (sectionSelect.value) chosen.section = sectionSelect.value;
    if (tagSelect.value) chosen.tag = tagSelect.value;
    if (!query && !Object.keys(chosen).length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const search = await pagefind.search(query || null, { filters: chosen });
    const data = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
    if (ticket !== latest) return; // a newer search has started
    list.replaceChildren(...data.map(resultItem));
    const n = search.results.length;
    status.textContent = n === 0 ? "No briefings found." : `${n} briefing${n === 1 ? "" : "s"} found.`;
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", () => run());
  sectionSelect.addEventListener("change", () => run());
  tagSelect.addEventListener("change", () => run());
  run();
}

main().catch((error) => {
  status.textContent = "Search could not start. Browse by section, topic or archives instead.";
  console.warn(error);
});
