"""How a resource reads to people: amounts, periods and places, its details as sections,
and a resource sheet as a document (HTML and images; the PDF is drawn by ``render/``)."""
