# class: debug
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

from myapp import create_app

app = create_app()
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # want code/debug-mode

run_simple("0.0.0.0", 8000, app, use_debugger=True, use_reloader=True)  # want code/debug-mode
