"""UI pieces every page shares: labelled controls, 'Hent data' and 'Indlejr' buttons, the
chart card's tools, plain plotly figures, number scaling and the page frame."""
