from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "huurpad.collection"
    verbose_name = "Incassobeleid"

    def ready(self):
        # Cases and messaging, below collection, cannot import it: they are handed the verbs by which
        # a contact, a decision or a message going out carries out the policy's proposals
        # (cases.actions.Proposals, messaging.outbox.Proposals), and messaging the policy in force.
        from huurpad.cases import actions
        from huurpad.messaging import outbox

        from . import proposals
        from .models import PolicyVersion

        actions.proposals = outbox.proposals = proposals
        outbox.policy_in_force = PolicyVersion.policy_in_force
