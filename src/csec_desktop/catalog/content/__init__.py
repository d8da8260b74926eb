"""What a resource is and says: records, eligibility, hours, places, and the curated
Spanish and discreet texts. The lowest room of the catalog: it imports none of the others."""
