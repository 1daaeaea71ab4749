import { render } from "preact";
import { App } from "./app";

/** Entry of the console bundle: the HTML shell (console/index.html) loads only this script. */
const root = document.getElementById("app");
if (root) render(<App />, root);
