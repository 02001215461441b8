import { loadArchonProdConfig } from "../../../stacks/archonProd/archonProdConfig";
import { describeRefusalsReadAlone } from "../../support/configAlone";
import { BAD_CONFIG } from "./badConfig";

describeRefusalsReadAlone("archon-prod", loadArchonProdConfig, BAD_CONFIG);
