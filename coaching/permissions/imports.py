"""Imports of KPI data: who imports, and who may follow which import batch."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import ImportBatch, User


def import_batches_visible_to(user: User) -> QuerySet[ImportBatch]:
    """Batches ``user`` may see: the ones they started; every batch for an administrator."""
    batches = ImportBatch.objects.select_related("created_by")
    if not user.is_authenticated or not user.is_active:
        return batches.none()
    if user.is_administrator:
        return batches
    return batches.filter(created_by=user)


def get_import_batch_or_404(user: User, batch_id) -> ImportBatch:
    """The batch with ``batch_id`` if ``user`` may see it; 404 otherwise (the same for "not yours")."""
    try:
        return import_batches_visible_to(user).get(pk=batch_id)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such import.")) from None


def may_import(user: User) -> bool:
    """Whether ``user`` imports KPI data: administrators only (service accounts too, given that role)."""
    return user.is_authenticated and user.is_active and user.is_administrator
