exports.handler = async (event) => ({ disposition: "CONTINUE" });
