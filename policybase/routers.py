"""Reads go to a replica, writes (and migrations) to the primary."""

import random

from django.conf import settings
from django.db import connections


def replica_aliases(databases):
    """The database aliases that are read replicas ("replica_0", "replica_1", …)."""
    return sorted(alias for alias in databases if alias.startswith("replica_"))


class PrimaryReplicaRouter:
    """Send each read to a random replica when there are any; everything else to the
    primary. A read made inside a transaction on the primary (the importer's, an admin
    save's) goes to the primary too: it must see the transaction's own writes, and a
    replica, behind the primary, could miss even what was committed before."""

    def __init__(self, replicas=None):
        self.replicas = replica_aliases(settings.DATABASES) if replicas is None else replicas

    def db_for_read(self, model, **hints):
        if hints.get("instance") is not None and hints["instance"]._state.db:
            return hints["instance"]._state.db  # follow an object to where it came from
        if not self.replicas or connections["default"].in_atomic_block:
            return "default"
        return random.choice(self.replicas)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's data: objects from any of them may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
