"""One module a document: each draws its form on a Sheet, from its data or blank when given None."""
