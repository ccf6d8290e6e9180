"""Coaching: performance management for contact-centre teams as a four-step cycle."""
