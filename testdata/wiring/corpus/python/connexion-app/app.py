# class: debug
import connexion

app = connexion.App(__name__, specification_dir="spec/")
app.add_api("openapi.yaml")

if __name__ == "__main__":
    app.run(port=8080, debug=True)  # want code/debug-mode
