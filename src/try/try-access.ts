/** Where the try page lives: known without loading the page, which a server that keeps it closed never does. */
export const TRY_PATH = '/try';
