"""The REST API (``/api/v1/``): serializers, views, filters and URLs over the same services and policy as the pages.

Views fetch through ``coaching.permissions`` (another agent's record is a 404), validate the
shape of the input with a serializer and call one service function; errors come back in
one shape (``coaching.api.exceptions``). See docs/api.md.
"""
