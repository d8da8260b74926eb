"""Icons, style sheets and the desktop entry, shipped as csec_desktop.resources."""
