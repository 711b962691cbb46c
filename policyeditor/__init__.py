"""policyeditor: write, revise, review, approve and publish policy documents."""

__version__ = "0.1.0"
