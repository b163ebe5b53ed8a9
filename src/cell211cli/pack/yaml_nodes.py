"""What YAML makes of a node: the tag it would have without an explicit one, and where a value cannot be
built (``2024-13-45`` read as a date)."""

from __future__ import annotations

from typing import Any

import yaml

from cell211cli.errors import Location


def implicit_tag(node: yaml.Node, loader: Any) -> str:
    """The tag the node would have without an explicit one: what its value and style resolve to."""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # None (pure Python) or "" (libyaml) for a plain scalar
        return str(loader.resolve(yaml.ScalarNode, node.value, (plain, not plain)))
    return "tag:yaml.org,2002:map" if isinstance(node, yaml.MappingNode) else "tag:yaml.org,2002:seq"


def unconstructible(node: yaml.Node, location: Location, loader: Any) -> Location | None:
    """Where the first scalar YAML cannot turn into a value is, if any."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if (found := unconstructible(value_node, (*location, str(key_node.value)), loader)) is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            if (found := unconstructible(item, (*location, index), loader)) is not None:
                return found
    else:
        try:
            loader.construct_object(node)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            return location
    return None
