"""API views, one module per step of the cycle; ``coaching.api.urls`` routes them."""
