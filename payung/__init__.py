"""Payung: work-accident and death insurance for Indonesia's non-ASN government workers."""
