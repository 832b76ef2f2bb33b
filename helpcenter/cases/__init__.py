"""Cases: complaints and technical issues, filed by partners and followed to the outcome."""
