"""Style packs: house style as YAML data (``shipped/`` holds the packs factlint ships).

``schema`` reads and validates a pack; ``kinds`` matches each kind of pack rule in an
article. The engine turns pack rules into ordinary rules.
"""
