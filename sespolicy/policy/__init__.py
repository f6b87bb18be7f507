"""The rules: `.feature` files parsed into a catalog, the step vocabulary that gives them
meaning, and the engine that runs them over a world's graph into findings."""
