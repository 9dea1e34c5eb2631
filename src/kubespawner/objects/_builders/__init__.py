"""The builders: one module per object (pod, claim, service, secret, namespace,
owner reference, ingress), the shared metadata and override steps, and the model
boundary (``models``, ``model_makers``), the only place that imports the
``kubernetes`` client. They build plain manifests and check them with ``_rules``."""
