"""Certificates: issuing, PDFs, public verification and portable credentials."""
