"""FIT reader: a vectorised NumPy decoder for the messages backstride needs.

``read_fit(data, path)`` turns the bytes of a .fit file into a
:class:`backstride.model.Recording`. See :mod:`backstride.formats.fit.reader`.
"""

from backstride.formats.fit.reader import read_fit

__all__ = ["read_fit"]
