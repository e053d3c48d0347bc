"""Results made ahead of need, elsewhere: what the ingest's parser processes (which have a
CPU of their own) compute for the writer, kept by what they were made from."""

from collections import OrderedDict


class MadeAhead:
    """A bounded number of results by their input, the oldest forgotten first. Kept when
    used: an archive may hold one release twice (posted on two boards)."""

    def __init__(self, size=500):
        self.size = size
        self._kept = OrderedDict()

    def remember(self, key, value):
        self._kept[key] = value
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    def get(self, key):
        return self._kept.get(key)
