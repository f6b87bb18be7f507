"""The plugin is exercised in nested pytest runs through pytest's own `pytester` fixture."""

pytest_plugins = ["pytester"]
