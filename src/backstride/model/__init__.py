"""Frozen records shared by every layer: activities, streams, laps, devices, gear, profile."""

from backstride.model.activity import (
    Activity,
    Device,
    Lap,
    Recording,
    SourceFormat,
    Sport,
    SubSport,
    Surface,
)
from backstride.model.gear import Gear
from backstride.model.measures import RunMeasures, SpeedBandCadence
from backstride.model.profile import Profile, Units
from backstride.model.stream import Channel, Stream

__all__ = [
    "Activity",
    "Channel",
    "Device",
    "Gear",
    "Lap",
    "Profile",
    "Recording",
    "RunMeasures",
    "SourceFormat",
    "SpeedBandCadence",
    "Sport",
    "Stream",
    "SubSport",
    "Surface",
    "Units",
]
