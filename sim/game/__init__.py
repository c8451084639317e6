"""The participatory workshop: rooms where people play product owners' seats, turn by turn."""
