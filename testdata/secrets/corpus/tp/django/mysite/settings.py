from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = 'q8#z!v2k@m7x$wl4p9r^t3n&b6y*c1h5j0g(f)d-s+a=e_u'
DEBUG = False
