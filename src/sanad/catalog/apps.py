from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "sanad.catalog"
    label = "catalog"
    verbose_name = _("Catalog and tariffs")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from sanad.catalog.snapshot_window import recent_forget

        # A change to the catalogue here shows in the next preview, not a minute later.
        for model in self.get_models():
            post_save.connect(recent_forget, sender=model, dispatch_uid=f"catalog-recent-{model.__name__}")
            post_delete.connect(
                recent_forget, sender=model, dispatch_uid=f"catalog-recent-del-{model.__name__}"
            )
