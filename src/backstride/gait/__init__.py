"""Running form from video.

Pure parts (numpy and the knowledge files only): :mod:`keypoints` (the landmark records and the
:class:`PoseEstimator` interface), :mod:`smoothing`, :mod:`cleaning`, :mod:`track`,
:mod:`events`, :mod:`kinematics`, :mod:`steps`, :mod:`side`, :mod:`rear`, :mod:`results`,
:mod:`rules`, :mod:`analysis`. Adapters, importing OpenCV, MediaPipe and Matplotlib (the
``video`` extra) only inside their functions: :mod:`video`, :mod:`blazepose`, :mod:`render`.
"""

from backstride.gait.analysis import GaitAnalysis, analyse
from backstride.gait.errors import GaitError, MissingExtraError, NoRunnerError, SeveralPeopleError
from backstride.gait.events import Contact, GaitEvents
from backstride.gait.keypoints import Keypoints, Landmark, PoseEstimator, PoseSeries, Side, View
from backstride.gait.results import GaitResult, Metric
from backstride.gait.rules import GaitRules, load_gait_rules

__all__ = [
    "Contact",
    "GaitAnalysis",
    "GaitError",
    "GaitEvents",
    "GaitResult",
    "GaitRules",
    "Keypoints",
    "Landmark",
    "Metric",
    "MissingExtraError",
    "NoRunnerError",
    "PoseEstimator",
    "PoseSeries",
    "SeveralPeopleError",
    "Side",
    "View",
    "analyse",
    "load_gait_rules",
]
