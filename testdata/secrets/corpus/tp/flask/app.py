from flask import Flask

app = Flask(__name__)
app.secret_key = 'Xk7vT2mQz9Lp4RwNb8sHd3'
app.config['SECRET_KEY'] = 'Pv5nR8kZq2Lw7TxMc4yJf6'
