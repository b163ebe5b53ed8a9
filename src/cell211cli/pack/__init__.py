"""The recap pack: its model, positions, loading and checks, translation, discovery, schema and the pack
store. It never imports the viewer, the renderers or the CLI."""
