"""The wire-level core: errors, the generated field table, conversion of any input
to manifest form, quantities, name rules, safe names, network addresses and YAML
in and out. It imports nothing from the layers above it."""
