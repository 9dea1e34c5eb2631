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

# The theme of JupyterHub's and KubeSpawner's own documentation.
html_theme = "pydata_sphinx_theme"
html_title = "kubespawner-objects"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
# No left sidebar: the site's pages are few (the top bar lists them), and the text gets the room.
html_sidebars: dict[str, list[str]] = {"**": []}
html_static_path = ["_static"]
# Long lines of command output wrap instead of running out of their boxes.
html_css_files = ["wrap-output.css"]
