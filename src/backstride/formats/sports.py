"""One place that maps sport names from every source to :class:`Sport` and :class:`SubSport`.

Sources: FIT ``sport``/``sub_sport`` names (``running``, ``treadmill``), the TCX ``Sport``
attribute (``Running``, ``Biking``, ``Other``), the GPX ``<type>`` element (free text, Strava's
numeric codes such as ``9``), Strava's ``Activity Type`` column (``Run``, ``Trail Run``) and
folder names of the geo-activity-playground layout (``Laufen``, ``Spaziergang``).

Names are compared after lower-casing and dropping spaces, ``_`` and ``-``, so ``TrailRun``,
``trail_run`` and ``Trail Run`` are one name. A name that says nothing (``other``, ``unknown``,
``generic``, empty) maps to ``None``: each reader then applies its own documented default.
"""

from __future__ import annotations

import re

from backstride.model import Sport, SubSport

_R = (Sport.RUNNING, SubSport.GENERIC)
_W = (Sport.WALKING, SubSport.GENERIC)
_H = (Sport.HIKING, SubSport.GENERIC)
_C = (Sport.CYCLING, SubSport.GENERIC)

_NAMES: dict[str, tuple[Sport, SubSport]] = {
    # running (FIT, TCX, GPX, Strava, and common words in German, French, Spanish, Dutch)
    **dict.fromkeys(
        [
            "running",
            "run",
            "jogging",
            "laufen",
            "lauf",
            "joggen",
            "courseapied",
            "courseàpied",
            "correr",
            "carrera",
            "hardlopen",
            "roadrun",
            "roadrunning",
        ],
        _R,
    ),
    "street": (Sport.RUNNING, SubSport.STREET),
    **dict.fromkeys(
        ["trailrun", "trailrunning", "traillauf", "trail"], (Sport.RUNNING, SubSport.TRAIL)
    ),
    **dict.fromkeys(
        ["treadmill", "treadmillrun", "treadmillrunning", "indoorrun", "indoorrunning", "laufband"],
        (Sport.RUNNING, SubSport.TREADMILL),
    ),
    **dict.fromkeys(["trackrun", "trackrunning"], (Sport.RUNNING, SubSport.TRACK)),
    **dict.fromkeys(["virtualrun", "virtualrunning"], (Sport.RUNNING, SubSport.VIRTUAL)),
    # walking and hiking
    **dict.fromkeys(
        ["walking", "walk", "spaziergang", "gehen", "marche", "caminar", "caminata", "wandelen"], _W
    ),
    **dict.fromkeys(
        ["hiking", "hike", "wandern", "wanderung", "randonnee", "randonnée", "senderismo"], _H
    ),
    # cycling
    **dict.fromkeys(
        [
            "cycling",
            "biking",
            "bike",
            "ride",
            "ebikeride",
            "ebiking",
            "mountainbikeride",
            "gravelride",
            "radfahren",
            "rad",
            "velo",
            "vélo",
            "ciclismo",
            "fietsen",
        ],
        _C,
    ),
    **dict.fromkeys(["virtualride", "virtualcycling"], (Sport.CYCLING, SubSport.VIRTUAL)),
    **dict.fromkeys(["indoorcycling", "spinning"], (Sport.CYCLING, SubSport.INDOOR)),
    # others the model names
    **dict.fromkeys(["swimming", "swim", "schwimmen"], (Sport.SWIMMING, SubSport.GENERIC)),
    "transition": (Sport.TRANSITION, SubSport.GENERIC),
    **dict.fromkeys(
        ["crosscountryskiing", "nordicski", "backcountryski", "skilanglauf"],
        (Sport.CROSS_COUNTRY_SKIING, SubSport.GENERIC),
    ),
    **dict.fromkeys(
        ["standuppaddleboarding", "standuppaddling", "sup"],
        (Sport.STAND_UP_PADDLEBOARDING, SubSport.GENERIC),
    ),
    **dict.fromkeys(
        [
            "training",
            "workout",
            "weighttraining",
            "crossfit",
            "strengthtraining",
            "fitnessequipment",
            "hiit",
            "yoga",
            "elliptical",
        ],
        (Sport.TRAINING, SubSport.GENERIC),
    ),
}

#: Strava's numeric activity codes as they appear in its GPX ``<type>`` (9 = Run in the real
#: exports under ../shared/data/gpx); only the codes we are sure of are listed.
_STRAVA_CODES: dict[str, tuple[Sport, SubSport]] = {
    "1": _C,
    "4": _H,
    "9": _R,
    "10": _W,
    "16": (Sport.SWIMMING, SubSport.GENERIC),
}

_SUB_SPORTS: dict[str, SubSport] = {
    "generic": SubSport.GENERIC,
    "treadmill": SubSport.TREADMILL,
    "street": SubSport.STREET,
    "road": SubSport.STREET,
    "trail": SubSport.TRAIL,
    "track": SubSport.TRACK,
    "indoor": SubSport.INDOOR,
    "indoorrunning": SubSport.TREADMILL,
    "indoorcycling": SubSport.INDOOR,
    "virtual": SubSport.VIRTUAL,
    "virtualactivity": SubSport.VIRTUAL,
}

_SEPARATORS = re.compile(r"[\s_\-]+")


def _key(name: str) -> str:
    return _SEPARATORS.sub("", name.strip().lower())


def sport_from_name(name: str | None) -> tuple[Sport, SubSport] | None:
    """The sport and sub-sport a name states, or None when it names no sport we know."""
    if name is None:
        return None
    key = _key(name)
    if key in _STRAVA_CODES:
        return _STRAVA_CODES[key]
    return _NAMES.get(key)


def sub_sport_from_name(name: str | None) -> SubSport:
    """The sub-sport a FIT ``sub_sport`` name (or similar) states; GENERIC when it states none
    we model, OTHER for a named sub-sport outside the model (``mountain``, ``lap_swimming``)."""
    if name is None or not _key(name):
        return SubSport.GENERIC
    return _SUB_SPORTS.get(_key(name), SubSport.OTHER)
