"""What every API list and action shares: pagination, the scoped queryset, the service call, error responses."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, pagination, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ..serializers import ErrorSerializer

_ERROR = {
    400: OpenApiResponse(ErrorSerializer, description=_("Invalid input or filter; `fields` says which and why.")),
    401: OpenApiResponse(ErrorSerializer, description=_("Not signed in, or the token is not valid.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Signed in, but not allowed to do this.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such record (or not one you may see), or no such page.")),
    429: OpenApiResponse(ErrorSerializer, description=_("Too many requests with this token; see Retry-After.")),
}
LIST_ERRORS = {code: _ERROR[code] for code in (400, 401, 403, 404, 429)}  # 400: a bad filter; 404: no such page
DETAIL_ERRORS = {code: _ERROR[code] for code in (401, 403, 404, 429)}
WRITE_ERRORS = LIST_ERRORS


def read_schema(serializer_class, **actions):
    """Schema of a list and detail in ``serializer_class``'s shape, with their error answers, plus ``actions``.

    ``actions`` may also give the detail its own shape (``retrieve=``).
    """
    schemas = {
        "list": extend_schema(responses={200: serializer_class(many=True), **LIST_ERRORS}),
        "retrieve": extend_schema(responses={200: serializer_class, **DETAIL_ERRORS}),
    }
    return extend_schema_view(**{**schemas, **actions})


def write_schema(request, response, *, status_code=200):
    """Schema of a write taking ``request`` and answering ``response``, with its error answers."""
    return extend_schema(request=request, responses={status_code: response, **WRITE_ERRORS})


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 50 by default; ``page_size`` asks for 1 to 500.

    A ``page`` or ``page_size`` that is not a whole number in range is a 400 naming it
    (DRF would quietly fall back to the first page or the default size); a page past the
    last one is a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        size = _whole_number(given)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        given = request.query_params.get(self.page_query_param)
        if given is None or given in self.last_page_strings:
            return super().get_page_number(request, paginator)
        number = _whole_number(given)
        if number is None or number < 1:
            raise ValidationError({self.page_query_param: [_("Give a page number: a whole number from 1.")]})
        return number


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


class VisibleReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail of the records ``visible(user)`` returns; anything else is a 404.

    Subclasses set ``visible`` (a function of the user, from the visibility policy or a
    selector built on it) and ``ordering``, which always ends in a unique key so pages
    never overlap.
    """

    pagination_class = PageNumberPagination
    ordering: tuple = ("pk",)
    # Ids are whole numbers: anything else matches no route and gets the API's JSON 404.
    lookup_value_regex = "[0-9]+"

    def visible(self, user):
        raise NotImplementedError

    def get_queryset(self):
        return self.visible(self.request.user).order_by(*self.ordering)

    def respond(self, instance, serializer_class, *, status_code=status.HTTP_200_OK):
        """The record after a service call, in ``serializer_class``'s shape."""
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=status_code)

    def validated(self, serializer_class) -> dict:
        """The request body checked for shape by ``serializer_class``; a 400 with field details otherwise."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
