"""The compare page (``/sammenlign``): kommuner side by side over the rounds."""
