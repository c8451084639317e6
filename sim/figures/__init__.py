"""Every chart and text table the project draws, for files and for the dashboard.

Charts are drawn off-screen (matplotlib's Agg back end), so they work on servers and in worker
processes. The engine never imports this package.
"""

import matplotlib

matplotlib.use("Agg")
