"""Sphinx configuration of the kubespawner-objects documentation."""

from importlib.metadata import version as installed_version

project = "kubespawner-objects"
author = "The kubespawner-objects developers"
copyright = "the kubespawner-objects developers"
release = installed_version("kubespawner-objects")
version = ".".join(release.split(".")[:2])

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "myst_parser"]
exclude_patterns = ["_build", "examples"]

# The docstrings use Google-style sections ("Parameters:", "Returns:", "Raises:").
napoleon_google_docstring = True
napoleon_numpy_docstring = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
python_maximum_signature_line_length = 90

html_theme = "alabaster"
html_theme_options = {
    "description": "Kubernetes objects for notebook servers, valid the first time",
    "page_width": "1140px",
}
