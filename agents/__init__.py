"""The actors of the organization, one Mesa agent class each; their behaviours are verb methods."""

from agents.product_owner import ProductOwner
from agents.stakeholder import Stakeholder
from agents.team import Team

__all__ = ["ProductOwner", "Stakeholder", "Team"]
