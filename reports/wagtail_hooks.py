"""Admin wiring only: the Board's dashboard panels and the yearly report."""

from wagtail import hooks

from .dashboard import add_board_panels

hooks.register("construct_homepage_panels", add_board_panels)
