"""The JupyterHub emulation: what a hub deployed with the Zero to JupyterHub chart and
jupyterhub-kubespawner would create for each user, profile and option.

A pipeline, one module per arrow: values files -> merged values with the file and line
of every key (``values``) -> the spawner's settings as the chart's ``jupyterhub_config.py``
hands them over (``chart``, producing a :class:`~.config.SpawnerConfig`; or a hub's own
``jupyterhub_config.py`` executed as JupyterHub loads it, ``pyconfig``, and on request the
values' ``hub.extraConfig`` and ``jupyterhub_config.d`` files after the chart's mapping,
``extra_config``; executed code runs in a child process bounded in memory and time,
``bounded``, and finds ``stand_ins`` for what only a running hub has) -> one spawn per
profile, choice, user and server, built as KubeSpawner builds it (``spawner``) -> objects
and problems. The chart's parts: ``chart_defaults.yaml`` (the published chart's defaults
that matter for user pods), ``schema`` with ``chart_schema.yaml`` (what Helm's check of
the chart's values schema refuses). The spawner's parts: ``traits`` (KubeSpawner's
settings and how traitlets checks them), ``profiles`` (``load_user_options``), ``slugs``
and ``templates`` (the names and template fields), ``matrix`` (which spawns to make;
:func:`~.matrix.hub_spawns`, the public entry point). It builds on ``_builders`` and
``_rules``; only ``_cli`` imports it.
"""
