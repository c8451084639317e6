"""The diagnosis by simulation: likelihood-free inference of governance from a tracker export."""
