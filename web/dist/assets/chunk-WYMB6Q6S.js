import{a,b}from"./chunk-FR5J6JAX.js";import"./chunk-OY42PYP5.js";import"./chunk-ZTCKJQWB.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
