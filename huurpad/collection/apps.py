from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "huurpad.collection"
    verbose_name = "Incassobeleid"

    def ready(self):
        # Cases, a layer below, cannot import collection: it is handed the verbs by which a contact
        # or a decision there carries out the policy's proposals (cases.actions.Proposals).
        from huurpad.cases import actions

        from . import proposals

        actions.proposals = proposals
