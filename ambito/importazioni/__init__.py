"""Imports of CSV/XLSX files into any module: column mapping, dry run per row and field, save.

A module declares an *import kind* (:func:`ambito.importazioni.registry.registra_importazione`) with its
target columns and the service that saves the valid rows; the core does the rest (upload checked by
content, header guessing, dry run, all-or-nothing or valid-rows-only save, a job for large files).
"""
