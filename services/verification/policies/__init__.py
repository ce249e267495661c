"""Regional assistance policies as data files, validated on load and selected by region and date."""
