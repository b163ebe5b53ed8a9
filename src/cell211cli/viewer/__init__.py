"""The viewer: a command's session (pack, position, View), saved progress, the config file and
viewing-history imports."""
