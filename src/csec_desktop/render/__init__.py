"""Rendering without the window: a resource sheet laid out and written as PDF or images.

Qt's GUI classes only (``QTextDocument``, ``QPainter``, ``QPdfWriter``, ``QImage``), never its
widgets, so the command line, the self-test and the window render a sheet the same way.
Printer dialogs and the print preview are widgets and stay in ``ui/sheet_print.py``.
"""
