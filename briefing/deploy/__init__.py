"""Deploying a published site to hosts other than our own nginx (rsync and GitHub Pages live in the Makefile)."""
