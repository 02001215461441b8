import { loadSector7Config } from "../../../stacks/sector7/sector7Config";
import { describeRefusalsReadAlone } from "../../support/configAlone";
import { BAD_CONFIG } from "./badConfig";

describeRefusalsReadAlone("sector7", loadSector7Config, BAD_CONFIG);
